/**
 * Escapes text for XML content and attribute values (either quote), in one pass. Numeric
 * references rather than named ones: valid in XML, HTML and SVG alike. Workflow-safe, so the DAG
 * pictures here and the report plots in lib/ml share it.
 */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
