/** The quality report's shape is part of the IPC contract; main code imports it from here. */
export type { QualityReason, QualityReport, QualityVerdict } from '../../shared/ipc/devices';
import type { QualityReport } from '../../shared/ipc/devices';

export type QualityIssue = QualityReport['issues'][number];
