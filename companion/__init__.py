import os

__version__ = "0.1.0"

# companion uses no pydantic plugins; looking for them scans the entry points of every installed
# package the first time a model is built, 50-100 ms of each launch. Set the variable yourself
# to load plugins anyway.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
