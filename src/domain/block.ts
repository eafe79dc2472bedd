/** The block list: what an admin did to a customer, as its audit timeline records it. */
import { oneOf } from './guard.js';

/** `customer_blocks.action`: each block and unblock, in order, never updated. */
export const BLOCK_ACTIONS = ['blocked', 'unblocked'] as const;
export type BlockAction = (typeof BLOCK_ACTIONS)[number];
export const isBlockAction = oneOf(BLOCK_ACTIONS);
