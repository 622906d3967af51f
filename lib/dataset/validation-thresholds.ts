// The schema is workflow-safe (pure zod), so weekly_retraining's params check it before any task.
export * from '../../common/dataset/validation-thresholds';
