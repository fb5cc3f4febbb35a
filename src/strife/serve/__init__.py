"""Serve: the REST API and the offline web page over a store."""
from strife.serve.app import create_app

__all__ = ["create_app"]
