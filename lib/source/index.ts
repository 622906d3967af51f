export { checkSource } from './check-source';
export { parseMailDate, type DateParse } from './email-date';
export { emailToText, splitMessage } from './email-text';
export { SourceConfigError, SourceNotFoundError, SyntheticTableError } from './errors';
export { seedCorpus, insertEvents, type SeedResult } from './seed-corpus';
export {
  DEFAULT_SOURCE,
  LabelMappingSchema,
  parseSourceConfig,
  SourceConfigSchema,
  type LabelMapping,
  type SourceConfig,
  type SourceConfigInput,
} from './source-config';
export { defaultSourceName, extractionSql, quoteIdent, sourceFingerprint } from './source-query';
export { buildCorpusEvents, loadSpamAssassinEvents, placeMessage, type CorpusEvent, type PlacementCounts, type RawEmail } from './spam-assassin-corpus';
export { generateSyntheticEvents, type SyntheticOptions } from './synthetic-events';
export { weeklyTimeline, type WeekCount } from './timeline';
