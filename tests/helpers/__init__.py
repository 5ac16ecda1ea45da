"""Helpers the test suites share (never imported by the product); the
fixtures stay in each folder's conftest."""

# Every test signs its tokens with this secret, and its services run with it.
TEST_SECRET = "test-secret-at-least-32-bytes-long-for-hs256"
