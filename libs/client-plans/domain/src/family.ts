import { assertNever, DomainError, PersonRef, type Decider, type LocalDate } from '@luotsi/kernel';
import { checkId } from './text-rules';

/**
 * A family view (ADR 0009): a link between the plans of the members of one family. The link holds
 * only who belongs together; each member's plan stays on its own stream with its own care team,
 * and a viewer of the family sees of each member only what they may see of that member's plan.
 */
export type FamilyCommand =
  | {
      type: 'LinkFamily';
      familyId: string;
      members: string[];
      by: string;
      today: LocalDate;
      /** The members whose plan has the linker in its care team today (looked up by the service). */
      linkerInTeamOf: string[];
    }
  | { type: 'AddFamilyMember'; familyId: string; personRef: string; by: string; linkerInTeamOf: string[] }
  | { type: 'RemoveFamilyMember'; familyId: string; personRef: string; by: string; linkerInTeamOf: string[] };

export type FamilyEvent =
  | { type: 'FamilyLinked'; data: { familyId: string; members: string[]; by: string; linkedOn: LocalDate } }
  | { type: 'FamilyMemberAdded'; data: { familyId: string; personRef: string; by: string } }
  | { type: 'FamilyMemberRemoved'; data: { familyId: string; personRef: string; by: string } };

export interface FamilyState {
  exists: boolean;
  familyId: string;
  members: string[];
}

export const familyStream = (familyId: string): string => `family-${familyId}`;
export const MAX_FAMILY = 12;

function ref(value: string): string {
  try {
    return PersonRef.parse(value);
  } catch {
    throw new DomainError('INVALID_PERSON_REF', 'members are person references (per_…)', {}, 'validation');
  }
}

/** Only a worker in the care team of a member links the family (a care relationship with one of them). */
function requireCareRelationship(members: readonly string[], linkerInTeamOf: readonly string[]): void {
  if (!members.some((m) => linkerInTeamOf.includes(m)))
    throw new DomainError('NOT_IN_CARE_TEAM', "a family is linked by a member of one of its members' care teams", {}, 'forbidden');
}

export const familyDecider: Decider<FamilyCommand, FamilyEvent, FamilyState> = {
  initialState: () => ({ exists: false, familyId: '', members: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'LinkFamily': {
        checkId('familyId', command.familyId);
        if (!Array.isArray(command.members)) throw new DomainError('INVALID_FAMILY', 'members is a list', {}, 'validation');
        const members = [...new Set(command.members.map(ref))];
        if (members.length < 2 || members.length > MAX_FAMILY)
          throw new DomainError('INVALID_FAMILY', `a family links 2 to ${MAX_FAMILY} people`, { max: MAX_FAMILY }, 'validation');
        requireCareRelationship(members, command.linkerInTeamOf);
        if (state.exists) {
          if (JSON.stringify([...state.members].sort()) === JSON.stringify([...members].sort())) return [];
          throw new DomainError(
            'FAMILY_EXISTS',
            'this family is already linked; add or remove members instead',
            { familyId: command.familyId },
            'conflict',
          );
        }
        return [{ type: 'FamilyLinked', data: { familyId: command.familyId, members, by: command.by, linkedOn: command.today } }];
      }
      case 'AddFamilyMember': {
        if (!state.exists) throw new DomainError('FAMILY_NOT_FOUND', 'no such family', {}, 'not_found');
        const personRef = ref(command.personRef);
        requireCareRelationship(state.members, command.linkerInTeamOf);
        if (state.members.includes(personRef)) return [];
        if (state.members.length >= MAX_FAMILY)
          throw new DomainError('INVALID_FAMILY', `a family links at most ${MAX_FAMILY} people`, {}, 'rule');
        return [{ type: 'FamilyMemberAdded', data: { familyId: state.familyId, personRef, by: command.by } }];
      }
      case 'RemoveFamilyMember': {
        if (!state.exists) throw new DomainError('FAMILY_NOT_FOUND', 'no such family', {}, 'not_found');
        const personRef = ref(command.personRef);
        requireCareRelationship(state.members, command.linkerInTeamOf);
        if (!state.members.includes(personRef)) return [];
        if (state.members.length <= 2) throw new DomainError('FAMILY_TOO_SMALL', 'a family links at least two people', {}, 'rule');
        return [{ type: 'FamilyMemberRemoved', data: { familyId: state.familyId, personRef, by: command.by } }];
      }
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'FamilyLinked':
        return { exists: true, familyId: event.data.familyId, members: event.data.members };
      case 'FamilyMemberAdded':
        return { ...state, members: [...state.members, event.data.personRef] };
      case 'FamilyMemberRemoved':
        return { ...state, members: state.members.filter((m) => m !== event.data.personRef) };
      default:
        return assertNever(event);
    }
  },
};
