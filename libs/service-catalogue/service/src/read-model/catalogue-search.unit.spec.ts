import { candidatesOf } from './catalogue-search';

describe("a one-word search's candidates", () => {
  it('keep only the prefixes no other kept prefix begins', () => {
    expect(candidatesOf("'terveysasem':* | 'terveysasemal':* | 'terveysasemall':* | 'terveysasemalla':* | 'terveysasemalla':*")).toBe(
      "'terveysasem':*",
    );
    expect(candidatesOf("'hälsostation':* | 'hälsostationen':* | 'halsostation':*")).toBe("'halsostation':* | 'hälsostation':*");
  });

  it('are the whole union (null) unless it is plainly prefixes joined by "or"', () => {
    expect(candidatesOf(null)).toBeNull();
    expect(candidatesOf('')).toBeNull();
    expect(candidatesOf("'a':* & 'b':*")).toBeNull();
    expect(candidatesOf("'a' | 'b':*")).toBeNull();
    expect(candidatesOf("( 'a':* | 'b':* ) & 'c':*")).toBeNull();
    expect(candidatesOf("'a''b':*")).toBeNull();
  });
});
