/** paybridge/testing: placeholder until the testing issue lands. */
export const TESTING_PLACEHOLDER = true;
