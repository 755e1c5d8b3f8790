"""The HTTP and WebSocket edges: read a request, call the store, answer."""
