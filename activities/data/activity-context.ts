import { Context } from '@temporalio/activity';

/** The activity context, or undefined when the function is called directly (benchmarks, scripts). */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
