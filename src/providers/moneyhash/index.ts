/** paybridge/moneyhash: placeholder until the adapter lands. */
export const PROVIDER = 'moneyhash' as const;
