"""The agent desk: sign-in, presence, offers, accept and wrap-up over the QueueWorkflows, and the `/desk` page."""
