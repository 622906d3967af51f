export { describeValue, formatZodIssues, issueExpectation, issuePath, MAX_VALUE_CHARS, unknownFields, type IssueFormatOptions } from './zod-issues';
export { MODEL_NAME_PATTERN, MODEL_NAME_RULE, ModelNameSchema } from './model-name';
