"""Every rule, by code; the order is the order of the documentation table."""

from __future__ import annotations

from .base import Rule
from .budgets import (
    MaxFlops,
    MaxLayerParams,
    MaxLayers,
    MaxMacs,
    MaxNonTrainableParams,
    MaxParams,
    MaxSize,
    MaxTrainableParams,
    UncheckedBudget,
)
from .limits import NoInputShape, SyntaxError_, UncertainStructure, UnknownLayer, UnresolvedValue
from .shapes import (
    IncompatibleInput,
    InputRankMismatch,
    InvalidArgument,
    InvalidGraph,
    Keras2Argument,
    NonPositiveOutputSize,
    UndefinedDimension,
)
from .smells import BiasBeforeBatchNorm, DropoutLast, EarlySoftmax, RepeatedActivation

ALL_RULES: tuple[type[Rule], ...] = (
    SyntaxError_,
    UnresolvedValue,
    UnknownLayer,
    NoInputShape,
    UncertainStructure,
    UncheckedBudget,
    InvalidArgument,
    InputRankMismatch,
    NonPositiveOutputSize,
    UndefinedDimension,
    IncompatibleInput,
    Keras2Argument,
    InvalidGraph,
    MaxParams,
    MaxTrainableParams,
    MaxNonTrainableParams,
    MaxLayerParams,
    MaxSize,
    MaxLayers,
    MaxFlops,
    MaxMacs,
    EarlySoftmax,
    DropoutLast,
    RepeatedActivation,
    BiasBeforeBatchNorm,
)
RULES_BY_CODE = {rule.code: rule for rule in ALL_RULES}
assert len(RULES_BY_CODE) == len(ALL_RULES), "two rules share a code"
