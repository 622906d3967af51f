import { z } from 'zod';

/**
 * The one rule for a model's registry name, also kept by the database
 * (migrations/0004_model_name_rule.sql). Lowercase only: the name is part of workflow ids,
 * artifact keys (folders on file systems that ignore case) and search attributes, where `Spam`
 * and `spam` must not be two models. It is the rule both DAGs' params always enforced, so every
 * model a run ever registered already satisfies it.
 */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const MODEL_NAME_RULE = 'at most 63 lowercase letters, digits, "_" or "-", starting with a letter or digit';

export const ModelNameSchema = z.string().regex(MODEL_NAME_PATTERN, MODEL_NAME_RULE);
