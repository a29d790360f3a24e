"""liquidpage's version, in a module of its own: anything may import it without importing the
package's public API (liquidpage/__init__.py, which loads the site lazily)."""

__version__ = "0.1.0"
