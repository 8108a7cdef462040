/** Something the import could not bring over, and why (never dropped silently). */
export interface Skipped {
  /** The item or field, e.g. `AnalyticsRule 'Rare logon' field 'templateVersion'`. */
  item: string;
  reason: string;
  /** The input it came from. */
  file?: string;
}

/** A file of the imported solution folder, relative to that folder ('/' separated). */
export interface ImportedFile {
  path: string;
  content: string;
}

export interface ImportResult {
  files: ImportedFile[];
  skipped: Skipped[];
  /** Items imported, per content kind folder (analytics, hunting, ...). */
  counts: Record<string, number>;
}
