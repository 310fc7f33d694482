import type { EntityManager } from 'typeorm';
import type { ProducerApproval, VoucherEvent, VoucherTypeEvent } from '@luotsi/billing-domain';

type Suspensions = ProducerApproval['suspensions'];

/**
 * The voucher tables from billing's voucher and voucher-type events. A voucher's row changes only
 * by an event past the last one applied to it (last_position), and a visit is keyed by the
 * producer's own id, so applying an event a second time leaves every row as it was.
 */
export async function applyVoucherEvent(em: EntityManager, event: VoucherEvent | VoucherTypeEvent, position: number): Promise<void> {
  switch (event.type) {
    case 'VoucherTypeSet': {
      const { voucherTypeId, setBy: _by, ...version } = event.data;
      await em.query(
        `INSERT INTO bl_voucher_types (voucher_type_id, valid_from, data) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (voucher_type_id, valid_from) DO UPDATE SET data = EXCLUDED.data`,
        [voucherTypeId, version.validFrom, JSON.stringify(version)],
      );
      return;
    }
    case 'VoucherProducerApproved': {
      const d = event.data;
      // As the decider: a new price keeps the suspensions of the approval in force; approval
      // again after an end starts clean.
      await em.query(
        `INSERT INTO bl_voucher_producers (voucher_type_id, producer_id, price_cents, ownership, approved_from) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (voucher_type_id, producer_id) DO UPDATE SET price_cents = EXCLUDED.price_cents, ownership = EXCLUDED.ownership,
           approved_from = EXCLUDED.approved_from, ended_from = NULL,
           suspensions = CASE WHEN bl_voucher_producers.ended_from IS NULL THEN bl_voucher_producers.suspensions ELSE '[]'::jsonb END`,
        [d.voucherTypeId, d.producerId, d.priceCents, d.ownership, d.approvedFrom],
      );
      return;
    }
    case 'VoucherProducerSuspended':
      return changeSuspensions(em, event.data.voucherTypeId, event.data.producerId, (list) =>
        list.some((p) => p.from === event.data.from) ? list : [...list, { from: event.data.from, to: null }],
      );
    case 'VoucherProducerResumed':
      return changeSuspensions(em, event.data.voucherTypeId, event.data.producerId, (list) =>
        list.map((p) => (p.to === null ? { ...p, to: event.data.from } : p)),
      );
    case 'VoucherProducerEnded':
      await em.query('UPDATE bl_voucher_producers SET ended_from = $3 WHERE voucher_type_id = $1 AND producer_id = $2', [
        event.data.voucherTypeId,
        event.data.producerId,
        event.data.from,
      ]);
      return;
    case 'VoucherGranted': {
      const g = event.data;
      await em.query(
        `INSERT INTO bl_vouchers (voucher_id, person_ref, voucher_type_id, service, municipality, value_cents, visits, valid_from, valid_until, status, last_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'granted', $10) ON CONFLICT (voucher_id) DO NOTHING`,
        [g.voucherId, g.personRef, g.voucherTypeId, g.service, g.municipality, g.valueCents, g.visits, g.validFrom, g.validUntil, position],
      );
      return;
    }
    case 'VoucherRefused':
      await em.query(`UPDATE bl_vouchers SET status = 'refused', last_position = $2 WHERE voucher_id = $1 AND last_position < $2`, [
        event.data.voucherId,
        position,
      ]);
      return;
    case 'VoucherProducerChosen': {
      const d = event.data;
      await em.query(
        `UPDATE bl_vouchers SET status = 'chosen', producer_id = $2, price_cents = $3, channel = $4, chosen_on = $5, last_position = $6
          WHERE voucher_id = $1 AND last_position < $6`,
        [d.voucherId, d.producerId, d.priceCents, d.channel, d.chosenOn, position],
      );
      return;
    }
    case 'VoucherVisitRedeemed': {
      const d = event.data;
      await em.query(
        `INSERT INTO bl_voucher_visits (producer_id, producer_side_id, voucher_id, person_ref, voucher_type_id, visit_date, value_cents, price_cents, paid_cents, client_share_cents, global_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (producer_id, producer_side_id) DO NOTHING`,
        [
          d.producerId,
          d.producerSideId,
          d.voucherId,
          d.personRef,
          d.voucherTypeId,
          d.date,
          d.valueCents,
          d.priceCents,
          d.paidCents,
          d.clientShareCents,
          position,
        ],
      );
      await em.query(`UPDATE bl_vouchers SET visits_used = $2, last_position = $3 WHERE voucher_id = $1 AND last_position < $3`, [
        d.voucherId,
        d.visitNumber,
        position,
      ]);
      return;
    }
    case 'VoucherUsedUp':
      await em.query(`UPDATE bl_vouchers SET status = 'used-up', last_position = $2 WHERE voucher_id = $1 AND last_position < $2`, [
        event.data.voucherId,
        position,
      ]);
      return;
  }
}

async function changeSuspensions(
  em: EntityManager,
  voucherTypeId: string,
  producerId: string,
  change: (list: Suspensions) => Suspensions,
): Promise<void> {
  const rows = (await em.query('SELECT suspensions FROM bl_voucher_producers WHERE voucher_type_id = $1 AND producer_id = $2', [
    voucherTypeId,
    producerId,
  ])) as Array<{ suspensions: Suspensions }>;
  if (!rows[0]) return;
  await em.query('UPDATE bl_voucher_producers SET suspensions = $3::jsonb WHERE voucher_type_id = $1 AND producer_id = $2', [
    voucherTypeId,
    producerId,
    JSON.stringify(change(rows[0].suspensions)),
  ]);
}
