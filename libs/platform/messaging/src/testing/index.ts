export { projectionSpec, type ProjectionSpec, type GivenEvent } from './projection-spec';
