"""Built-in rules, one module per mechanism; importing this package registers them all."""

from hsbp.sim.rules import (  # noqa: F401
    contribution,
    convening,
    delivery,
    exit,
    governance,
    licence,
    mobilisation,
    risk,
    sanctions,
    shocks,
    trust,
    utility,
    voice,
)
