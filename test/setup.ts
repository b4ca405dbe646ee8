// Shared test setup. Each test file that mocks HTTP starts its own msw server with onUnhandledFrame: 'error'.
export {};
