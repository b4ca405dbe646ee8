/** paybridge/redis: placeholder until the webhook-handler issue lands. */
export const REDIS_PLACEHOLDER = true;
