/** paybridge/moyasar: placeholder until the adapter lands. */
export const PROVIDER = 'moyasar' as const;
