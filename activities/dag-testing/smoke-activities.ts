/**
 * The activities of the `dag_smoke_test` DAG, the only part of the DAG-testing set the production
 * cpu workers register: a deployment is checked from the Web UI without registering activities
 * that fail or sleep on request.
 */
export function createSmokeActivities() {
  return {
    async listItems(input: { count: number }): Promise<number[]> {
      return Array.from({ length: input.count }, (_, i) => i + 1);
    },

    async echo(input: { value: number }): Promise<number> {
      return input.value;
    },

    async sum(input: { values: readonly number[] }): Promise<number> {
      return input.values.reduce((a, b) => a + b, 0);
    },
  };
}

export type SmokeActivities = ReturnType<typeof createSmokeActivities>;
