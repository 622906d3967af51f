/** Thrown by the tool locator when a required external binary is missing and cannot be installed. */
export class ToolNotFoundError extends Error {
  override readonly name = 'ToolNotFoundError';
  constructor(
    readonly tool: string,
    readonly tried: readonly string[],
    readonly howToInstall: string,
    options?: { cause?: unknown },
  ) {
    super(`${tool} not found (tried: ${tried.join('; ')}). ${howToInstall}`, options);
  }
}
