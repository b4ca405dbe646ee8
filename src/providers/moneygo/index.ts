/** paybridge/moneygo: placeholder until the adapter lands. */
export const PROVIDER = 'moneygo' as const;
