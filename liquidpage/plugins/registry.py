"""One site's plugins: tags, filters, generators, converters and hooks (Jekyll's plugin.rb,
generator.rb, converter.rb and hooks.rb, but owned by one site instead of the process)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger("liquidpage")

# Jekyll::Plugin::PRIORITIES (plugin.rb): generators run highest first.
GENERATOR_PRIORITIES = {"lowest": -100, "low": -10, "normal": 0, "high": 10, "highest": 100}
# Jekyll::Hooks::PRIORITY_MAP (hooks.rb): hooks run highest first, then in registration order.
HOOK_PRIORITIES = {"low": 10, "normal": 20, "high": 30}

# Jekyll::Hooks' registry (hooks.rb): the owners and the events each one has.
_ITEM_EVENTS = ("post_init", "pre_render", "post_convert", "post_render", "post_write")
HOOK_EVENTS: dict[str, tuple[str, ...]] = {
    "site": ("after_init", "after_reset", "post_read", "pre_render", "post_render", "post_write"),
    "pages": _ITEM_EVENTS,
    "posts": _ITEM_EVENTS,
    "documents": _ITEM_EVENTS,
    "clean": ("on_obsolete",),
}

Generator = Callable[[Any], None]
Hook = Callable[..., None]


class Converter(Protocol):
    """``Jekyll::Converter``: ``matches(ext)``, ``output_ext(ext)``, ``convert(content)``."""

    def matches(self, ext: str) -> bool: ...

    def output_ext(self, ext: str) -> str: ...

    def convert(self, content: str) -> str: ...


class PluginError(ValueError):
    """A plugin registered something Jekyll would refuse (an unknown hook, a bad priority)."""


def _priority(value: str | int, table: dict[str, int], default: int) -> int:
    if isinstance(value, bool):
        raise PluginError(f"invalid priority {value!r}")
    if isinstance(value, int):
        return value
    if value not in table:
        raise PluginError(f"unknown priority {value!r}: use one of {', '.join(table)} or a number")
    return table.get(value, default)


@dataclass
class Registry:
    """What the plugins of one site registered. Nothing here is global: two sites with
    different plugins render side by side in one process."""

    tags: list[type] = field(default_factory=list)
    filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    generators: list[tuple[int, int, Generator]] = field(default_factory=list)
    converters: list[tuple[int, int, Converter]] = field(default_factory=list)
    hooks: dict[tuple[str, str], list[tuple[int, int, Hook]]] = field(default_factory=dict)
    loaded: list[str] = field(default_factory=list)  # plugin names, in load order
    _count: int = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    # -- registration ------------------------------------------------------------------------
    def add_tag(self, tag_class: type) -> None:
        """A python-liquid ``Tag`` subclass (``Liquid::Template.register_tag``)."""
        self.tags.append(tag_class)

    def add_filter(self, name: str, func: Callable[..., Any]) -> None:
        """A Liquid filter (``Liquid::Template.register_filter``); a later one wins."""
        self.filters[name] = func

    def add_generator(self, func: Generator, priority: str | int = "normal") -> None:
        """``Jekyll::Generator#generate(site)``: runs after reading, before rendering."""
        self.generators.append((-_priority(priority, GENERATOR_PRIORITIES, 0), self._next(), func))

    def add_converter(self, converter: Converter, priority: str | int = "normal") -> None:
        """``Jekyll::Converter``: the first (highest priority) that matches converts a file."""
        self.converters.append((-_priority(priority, GENERATOR_PRIORITIES, 0), self._next(), converter))

    def add_hook(self, owners: str | tuple[str, ...] | list[str], event: str, func: Hook,
                 priority: str | int = "normal") -> None:
        """``Jekyll::Hooks.register(owners, event, priority:)``."""
        for owner in (owners,) if isinstance(owners, str) else owners:
            events = HOOK_EVENTS.get(owner, _ITEM_EVENTS)  # a collection label: item events
            if event not in events:
                raise PluginError(f"Invalid hook. {owner} supports only the following hooks {list(events)}")
            entry = (-_priority(priority, HOOK_PRIORITIES, 20), self._next(), func)
            self.hooks.setdefault((owner, event), []).append(entry)

    def hook(self, owners: str | tuple[str, ...] | list[str], event: str,
             priority: str | int = "normal") -> Callable[[Hook], Hook]:
        """Decorator form of :meth:`add_hook`."""
        def register(func: Hook) -> Hook:
            self.add_hook(owners, event, func, priority)
            return func
        return register

    # -- use ---------------------------------------------------------------------------------
    def ordered_generators(self) -> list[Generator]:
        return [g for _, _, g in sorted(self.generators, key=lambda e: e[:2])]

    def converter_for(self, ext: str) -> Converter | None:
        for _, _, converter in sorted(self.converters, key=lambda e: e[:2]):
            if converter.matches(ext):
                return converter
        return None

    def has_hooks(self, owner: str, event: str) -> bool:
        return bool(self.hooks.get((owner, event)))

    def trigger(self, owner: str, event: str, *args: Any) -> None:
        """``Jekyll::Hooks.trigger``: by priority, then registration order."""
        entries = self.hooks.get((owner, event))
        if entries:
            for _, _, func in sorted(entries, key=lambda e: e[:2]):
                func(*args)

    def trigger_item(self, item: Any, event: str, *args: Any) -> None:
        """A page's or document's hooks (``Page#trigger_hooks``, ``Document#trigger_hooks``):
        a document runs its collection's hooks, then ``documents``; an excerpt runs none."""
        if not self.hooks or getattr(item, "excerpt_of", None) is not None:
            return
        label = getattr(item, "collection", None)
        if label is None:
            self.trigger("pages", event, item, *args)
        else:
            self.trigger(label, event, item, *args)
            self.trigger("documents", event, item, *args)
