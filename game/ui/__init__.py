"""The pygame front end. Only this package imports pygame; it reads the model, never writes
it directly (input becomes commands)."""
