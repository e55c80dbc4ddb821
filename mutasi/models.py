"""Mutation proposals, evaluation, approval and decrees arrive with the workflow issue."""
