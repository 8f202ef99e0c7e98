// Every message name passed between the content script, the options page and
// the service worker. One table, so a rename cannot leave a sender behind.
export const MSG = Object.freeze({
  LINT: 'postlint:lint',
  REQUEST_REVIEW: 'postlint:request-review',
  REVIEW_STATUS: 'postlint:review-status',
  DISMISS: 'postlint:dismiss',
  STATUS: 'postlint:status',
  OPEN_OPTIONS: 'postlint:open-options',
  TEST_CONNECTION: 'postlint:test-connection',
  ACCOUNTS: 'postlint:accounts',
  CHOOSE_ACCOUNT: 'postlint:choose-account',
  TOKEN_DETAILS: 'postlint:token-details',
  ROTATE_TOKEN: 'postlint:rotate-token',
});

// Failure kinds the worker reports, so callers branch on a word, not on prose.
export const FAILURE = Object.freeze({
  NO_TOKEN: 'no-token',
  BAD_ADDRESS: 'bad-address',
  BAD_TOKEN: 'bad-token',
  FORBIDDEN: 'forbidden',
  UNREACHABLE: 'unreachable',
  REJECTED: 'rejected',
  SERVER: 'server',
  NOT_ALLOWED: 'not-allowed',
  NEEDS_ACCOUNT: 'needs-account',
});
