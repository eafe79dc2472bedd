/** Shapes the catalogs' functions take (types only, so both catalogs can share them). */

/** Which SLA clock a notice is about. */
export type SlaClock = 'first' | 'resolution';

/** What a timeline line may say about one event, already formatted for its reader. */
export interface EventWords {
  /** Who did it (the catalog's name for the system when it was Hearken). */
  name: string;
  /** A survey rating, 1–5. */
  rating?: number;
  /** The SLA clock of a warning or breach. */
  clock?: SlaClock;
  /** The deadline of a warning or breach, formatted in the tenant's zone. */
  due?: string;
  /** Why a delivery failed. */
  reason?: string;
  /** Whom a complaint was assigned to. */
  assignee?: string;
  /** The names of the files an event carries, listed. */
  files?: string;
}
