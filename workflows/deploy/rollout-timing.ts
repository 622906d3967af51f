/**
 * The poke interval of deploy_model's run_rollout sensor. Each poke costs about 11 history
 * events and the engine continues as new only between tasks, so the sensor's timeout keeps one
 * run well under Temporal's 50k-event limit; params are checked against it.
 */
export const ROLLOUT_POKE_INTERVAL = '15s';
export const ROLLOUT_TIMEOUT = '18h';
