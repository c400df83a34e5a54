import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { EvidenceItemSchema } from './evidence-item.entity.ts';

/**
 * One hand-over in an evidence item's chain of custody. Keyed by the item and
 * the transfer's position in its chain, which is also the chain's order.
 */
export const CustodyTransferSchema = defineEntity({
  name: 'CustodyTransfer',
  tableName: 'custody_transfer',
  properties: {
    evidenceItem: () => p.manyToOne(EvidenceItemSchema).ref().primary(),
    position: p.smallint().primary(),
    at: p.datetime(),
    fromHolder: p.string(),
    toHolder: p.string(),
    sealIntact: p.boolean(),
    /**
     * The crisis cell that received the item, when one did (its collection by
     * the cell's staff, or a hand-over within the cell): while the chain's last
     * entry names the case's cell, the cell holds the item and may hand it on.
     */
    toCellId: p.uuid().nullable(),
  },
});

export type CustodyTransfer = InferEntity<typeof CustodyTransferSchema>;
