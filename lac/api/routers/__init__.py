"""The API's operations, one router per domain; ``lac.api.api`` mounts them all."""
