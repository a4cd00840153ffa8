"""The layer catalog: one spec per Keras layer, grouped the way Keras groups them."""

# Each module registers its specs with the catalog when imported.
from . import (  # noqa: F401
    activations,
    adaptive_pooling,
    attention,
    audio,
    categorical,
    conv,
    conv_lstm,
    core,
    einsum_dense,
    image_augmentation,
    image_geometry,
    lookup,
    merging,
    multi_head_attention,
    normalization,
    pooling,
    preprocessing,
    regularization,
    reshaping,
    rnn,
    rnn_cells,
    wrappers,
)
from .base import KerasError, LayerSpec, Unresolved, Weight
from .registry import CATALOG

__all__ = ["CATALOG", "KerasError", "LayerSpec", "Unresolved", "Weight"]
