import { z } from 'zod';

/** An `ArtifactRef` arriving in an activity input (from a workflow, a UI or another service). */
export const ArtifactRefSchema = z.object({
  uri: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  sizeBytes: z.number().int().nonnegative(),
});
