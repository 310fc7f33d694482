import type { RecordedEvent } from '@luotsi/eventstore';
import { LocalDate, PersonRef } from '@luotsi/kernel';
import type { CommandRequest } from '@luotsi/messaging';
import type { ReactorDeclarationOf } from '@luotsi/runtime';
import { accountToMoveTo, FEE_CAP_BY_YEAR, type GuardianshipObserved, type ServiceType } from '@luotsi/billing-domain';
import { clientFeesStream } from '../billing.streams';
import { BillingReadModel } from '../read-model/billing-read-model';

/**
 * When billing learns a guardianship (or a change to one) after a child's visits were charged, the
 * visits that now belong to another account move there: refunded where they were (the year there
 * folded again without them, which may give further charges) and charged in date order where they
 * belong. Each visit is one pair of commands, so a crash between them is completed on the retry
 * (both commands are idempotent: a visit no longer in the account, or already in the new one,
 * appends nothing).
 */
export const feeAccountsReactor: ReactorDeclarationOf = {
  name: 'fee-accounts',
  categories: ['blguardian'],
  inject: [BillingReadModel],
  async react(event: RecordedEvent, readModel: BillingReadModel): Promise<CommandRequest[]> {
    if (event.type !== 'GuardianshipObserved') return [];
    const { childRef } = event.data as GuardianshipObserved['data'];
    await readModel.caughtUp();
    const guardianships = await readModel.guardianshipsOf(childRef);
    const requests: CommandRequest[] = [];
    for (const v of await readModel.chargedVisitsOf(childRef)) {
      const personRef = PersonRef.parse(v.personRef);
      const accountRef = PersonRef.parse(v.accountRef);
      const to = accountToMoveTo({ personRef, accountRef, date: v.visitDate }, guardianships);
      if (!to) continue;
      requests.push(
        { stream: clientFeesStream, command: { type: 'MoveVisit', accountRef, year: v.year, visitId: v.visitId, toAccountRef: to } },
        {
          stream: clientFeesStream,
          command: {
            type: 'ChargeVisit',
            personRef,
            accountRef: to,
            visitId: v.visitId,
            date: LocalDate.parse(v.visitDate),
            serviceType: v.serviceType as ServiceType,
            feeCents: v.listPriceCents,
            countsTowardCap: v.countsTowardCap,
            capCents: v.capCents ?? FEE_CAP_BY_YEAR[v.year] ?? Number.MAX_SAFE_INTEGER,
            noShow: false,
          },
        },
      );
    }
    return requests;
  },
};
