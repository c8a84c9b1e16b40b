"""The shipped default models, installed as ``cxtext.models`` (package data only).

The folders are read through ``importlib.resources`` by :func:`cxtext.persist.models_dir`.
"""
