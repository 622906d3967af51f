// Workflow-safe: zod schemas and pure functions only, no Node built-ins, no I/O.
export {
  PromotionDecisionSchema,
  InvalidApprovalDecisionError,
  validateApprovalDecision,
  type PromotionDecision,
  type AwaitingApproval,
} from './approval';
