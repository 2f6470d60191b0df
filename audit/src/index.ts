export { AUDIT_GROUP, type AuditOptions, type RunningAudit, startAudit } from './audit';
export { type Config, ConfigSchema, loadConfig } from './config';
export type { FieldChange } from './history/changes';
export type { HistoryEntry, HistoryPage } from './history/query';
