// Package auth holds the portal's authentication rules as pure functions: password hashing
// (Argon2id) and policy, random secrets and identifiers, the session and API token formats,
// the session cookie, the CSRF check for state-changing requests and the login throttling
// policy. It performs no I/O and knows nothing of storage or of the HTTP adapter: callers
// read and write the records and pass what they read.
package auth
