/** The Web UI page of one workflow run, for logs and CLI output. */
export function uiRunUrl(uiBase: string, namespace: string, workflowId: string, runId?: string): string {
  const base = `${uiBase.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
