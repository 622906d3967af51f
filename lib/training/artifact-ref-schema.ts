// The schema lives beside the ArtifactRef type; lib/training keeps exporting it for the activities.
export { ArtifactRefSchema } from '../artifacts/types';
