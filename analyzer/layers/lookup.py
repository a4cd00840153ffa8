"""Vocabulary layers: StringLookup, IntegerLookup, TextVectorization (keras/src/layers/
preprocessing/index_lookup.py, string_lookup.py, integer_lookup.py, text_vectorization.py).

None of them has Keras weights: the vocabulary lives in a TensorFlow lookup table (these layers
need TensorFlow installed, whatever the backend), and the TF-IDF weights in a ``tf.Variable`` that
``layer.weights`` does not list. What they decide is the output shape:

- ``output_mode="int"``: the input's shape (TextVectorization: ``(batch, output_sequence_length)``).
- the other modes: the last axis becomes the vocabulary size (``one_hot`` adds it). That size is
  ``max_tokens`` with ``pad_to_max_tokens=True``; the length of a literal ``vocabulary`` plus the
  OOV indices; and otherwise it is known only once ``adapt()`` has run on the data. paramlint does
  not read the data, so the size is then a symbol, ``vocabulary_size``.
"""

from __future__ import annotations

from ..dims import Dim, Poly, Shape
from ..values import Unknown
from .base import KerasError, LayerSpec, Unresolved, resolved
from .registry import register

_LOOKUP_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_TEXT_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_TEXT_SPLIT = ("whitespace", "character")


def _adapted_vocabulary_size(layer: str) -> Poly:
    return Poly.symbol(
        "vocabulary_size",
        f"the vocabulary size of this {layer} is known only after `adapt()` runs on the data",
    )


def _output_mode(value: object) -> object:
    """Keras's deprecated names, then the string check (Unknown passes through)."""
    if value == "binary":
        return "multi_hot"
    if value == "tf-idf":
        return "tf_idf"
    if not isinstance(value, Unknown) and value not in _LOOKUP_MODES:
        raise KerasError(
            f"Unknown value for `output_mode`. Allowed values are {list(_LOOKUP_MODES)}. "
            f"Received: output_mode={value!r}"
        )
    return value


class IndexLookup(LayerSpec):
    """Keras's ``IndexLookup``: the constructor checks and ``compute_output_shape``."""

    def _lookup_setup(
        self,
        *,
        max_tokens: object,
        num_oov_indices: object,
        mask_token: object,
        oov_token: object,
        vocabulary: object,
        idf_weights: object,
        invert: object,
        output_mode: object,
        pad_to_max_tokens: object,
        name: object,
        kwargs: dict[str, object],
    ) -> None:
        if isinstance(max_tokens, int) and max_tokens <= 1:
            raise KerasError(
                f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}"
            )
        if pad_to_max_tokens is True and max_tokens is None:
            raise KerasError(
                f"If pad_to_max_tokens is True, must set `max_tokens`. Received: max_tokens={max_tokens}"
            )
        if isinstance(num_oov_indices, int) and num_oov_indices < 0:
            raise KerasError(
                "`num_oov_indices` must be greater than or equal to 0. "
                f"Received: num_oov_indices={num_oov_indices}"
            )
        output_mode = _output_mode(output_mode)
        if invert is True and output_mode not in ("int", None) and isinstance(output_mode, str):
            raise KerasError(
                f"`output_mode` must be `'int'` when `invert` is true. Received: output_mode={output_mode}"
            )
        if isinstance(output_mode, str) and output_mode != "tf_idf" and idf_weights is not None:
            raise KerasError(
                "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. "
                f"Received: idf_weights={idf_weights!r} and output_mode={output_mode}"
            )
        if output_mode == "tf_idf" and vocabulary is not None and idf_weights is None:
            raise KerasError(
                "When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                "`idf_weights` argument must also be provided."
            )
        # IndexLookup drops these two and refuses any other keyword.
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        kwargs.pop("vocabulary_size", None)
        kwargs.pop("has_input_vocabulary", None)
        if kwargs:
            raise KerasError(f"Unrecognized keyword argument(s): {kwargs}")
        super().__init__(name=name)
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.pad_to_max_tokens = pad_to_max_tokens
        self.invert = invert
        self.vocabulary = vocabulary
        self.vocabulary_size = self._vocabulary_size(vocabulary)

    def _token_start_index(self) -> int:
        oov_start = 1 if self.mask_token is not None and self.output_mode == "int" else 0
        return oov_start + int(resolved(self.num_oov_indices, "num_oov_indices"))  # type: ignore[call-overload]

    def _vocabulary_size(self, vocabulary: object) -> Dim | Unknown:
        """``set_vocabulary``'s checks and the size it records, for a literal list."""
        if vocabulary is None or isinstance(vocabulary, (Unknown, str)):
            return vocabulary if isinstance(vocabulary, Unknown) else None
        if not isinstance(vocabulary, (list, tuple)):
            return None
        if not vocabulary:
            raise KerasError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary!r}")
        if any(isinstance(token, Unknown) for token in vocabulary) or isinstance(
            self.num_oov_indices, Unknown
        ):
            return Unknown("a vocabulary token is unknown")
        token_start = self._token_start_index()
        oov_start = token_start - int(self.num_oov_indices)  # type: ignore[call-overload]
        special = [self.mask_token] * oov_start + [self.oov_token] * int(self.num_oov_indices)  # type: ignore[call-overload]
        tokens = list(vocabulary)
        if tokens[:token_start] == special:
            tokens = tokens[token_start:]
        if len(set(map(repr, tokens))) != len(tokens):
            raise KerasError(
                "The passed vocabulary has at least one repeated term. Please uniquify your dataset."
            )
        # The OOV token is refused only when inverting (it is unused by a forward lookup).
        checked = [("mask", self.mask_token)] + ([("OOV", self.oov_token)] if self.invert else [])
        for role, token in checked:
            if token is not None and token in tokens:
                raise KerasError(
                    f"Found reserved {role} token at unexpected location in `vocabulary`. Note "
                    "that passed `vocabulary` does not need to include the OOV and mask tokens."
                )
        size = token_start + len(tokens)
        if isinstance(self.max_tokens, int) and size > self.max_tokens:
            raise KerasError(
                "Attempted to set a vocabulary larger than the maximum vocab size. Received "
                f"vocabulary size is {size}; `max_tokens` is {self.max_tokens}."
            )
        return size

    def depth(self) -> Dim:
        """The one-hot / multi-hot width: ``max_tokens`` if padded, else the vocabulary size."""
        pad = resolved(self.pad_to_max_tokens, "pad_to_max_tokens")
        if pad:
            max_tokens = self.max_tokens
            if isinstance(max_tokens, Unknown):
                return max_tokens.as_symbol("max_tokens")
            return max_tokens  # type: ignore[return-value]
        size = self.vocabulary_size
        if isinstance(size, Unknown):
            raise Unresolved(f"the vocabulary is unknown: {size.reason}", size.position)
        if size is None:
            return _adapted_vocabulary_size(self.class_name())
        return size

    def output_shape(self, input_shape: Shape) -> Shape:
        mode = resolved(self.output_mode, "output_mode")
        if mode == "int":
            return input_shape
        depth = self.depth()
        if mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return (*input_shape[:-1], depth)
            return (*input_shape, depth)
        return (*input_shape[:-1], depth)


@register
class StringLookup(IndexLookup):
    def __init__(
        self,
        max_tokens: object = None,
        num_oov_indices: object = 1,
        mask_token: object = None,
        oov_token: object = "[UNK]",
        vocabulary: object = None,
        idf_weights: object = None,
        invert: object = False,
        output_mode: object = "int",
        pad_to_max_tokens: object = False,
        sparse: object = False,
        encoding: object = "utf-8",
        name: object = None,
        salt: object = None,
        **kwargs: object,
    ) -> None:
        self._lookup_setup(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens,
            name=name,
            kwargs=kwargs,
        )


@register
class IntegerLookup(IndexLookup):
    def __init__(
        self,
        max_tokens: object = None,
        num_oov_indices: object = 1,
        mask_token: object = None,
        oov_token: object = -1,
        vocabulary: object = None,
        vocabulary_dtype: object = "int64",
        idf_weights: object = None,
        invert: object = False,
        output_mode: object = "int",
        sparse: object = False,
        pad_to_max_tokens: object = False,
        oov_method: object = "floormod",
        salt: object = None,
        name: object = None,
        **kwargs: object,
    ) -> None:
        if isinstance(max_tokens, int) and max_tokens <= 1:
            raise KerasError(
                f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}"
            )
        if isinstance(num_oov_indices, int) and num_oov_indices < 0:
            raise KerasError(
                "`num_oov_indices` must be greater than or equal to 0. "
                f"Received: num_oov_indices={num_oov_indices}"
            )
        if vocabulary_dtype != "int64" and not isinstance(vocabulary_dtype, Unknown):
            raise KerasError(
                "IntegerLookup may only have a vocabulary_dtype of int64. "
                f"Received: vocabulary_dtype={vocabulary_dtype}"
            )
        self._lookup_setup(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens,
            name=name,
            kwargs=kwargs,
        )


def _string_option(value: object, name: str, options: tuple[str, ...]) -> None:
    """``validate_string_arg`` with ``allow_none`` and ``allow_callables``."""
    if value is None or isinstance(value, Unknown) or value in options:
        return
    if isinstance(value, (str, int, float, bool, list, tuple, dict)):
        raise KerasError(
            f"Unknown value for `{name}` argument of layer TextVectorization. Allowed values "
            f"are: {list(options)}, None, or a callable. Received: {value!r}"
        )


@register
class TextVectorization(LayerSpec):
    """Standardize, split, then a ``StringLookup`` with ``mask_token=""``."""

    def __init__(
        self,
        max_tokens: object = None,
        standardize: object = "lower_and_strip_punctuation",
        split: object = "whitespace",
        ngrams: object = None,
        output_mode: object = "int",
        output_sequence_length: object = None,
        pad_to_max_tokens: object = False,
        vocabulary: object = None,
        idf_weights: object = None,
        sparse: object = False,
        ragged: object = False,
        encoding: object = "utf-8",
        name: object = None,
        **kwargs: object,
    ) -> None:
        _string_option(standardize, "standardize", _TEXT_STANDARDIZE)
        _string_option(split, "split", _TEXT_SPLIT)
        output_mode = _output_mode(output_mode)
        if not (
            ngrams is None
            or isinstance(ngrams, (int, Unknown))
            or (isinstance(ngrams, tuple) and all(isinstance(n, int) for n in ngrams))
        ):
            raise KerasError(
                f"`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams={ngrams!r}"
            )
        length = output_sequence_length
        if output_mode == "int" and not (
            length is None or isinstance(length, (int, Unknown, Poly))
        ):
            raise KerasError(
                "`output_sequence_length` must be either None or an integer when `output_mode` "
                f"is 'int'. Received: output_sequence_length={length!r}"
            )
        if isinstance(output_mode, str) and output_mode != "int" and length is not None:
            raise KerasError(
                "`output_sequence_length` must not be set if `output_mode` is not 'int'. "
                f"Received output_sequence_length={length!r}."
            )
        if ragged is True and isinstance(output_mode, str) and output_mode != "int":
            raise KerasError(
                "`ragged` must not be true if `output_mode` is `'int'`. "
                f"Received: ragged={ragged} and output_mode={output_mode}"
            )
        kwargs.pop("has_input_vocabulary", None)
        kwargs.pop("vocabulary_size", None)
        super().__init__(name=name, **kwargs)
        self.split = split
        self.output_mode = output_mode
        self.output_sequence_length = length
        self.lookup = StringLookup(
            max_tokens=max_tokens,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens,
            mask_token="",
            output_mode=output_mode,
        )

    def output_shape(self, input_shape: Shape) -> Shape:
        mode = resolved(self.output_mode, "output_mode")
        if mode == "int":
            length = self.output_sequence_length
            if isinstance(length, Unknown):
                length = length.as_symbol("output_sequence_length")
            return (input_shape[0], length)  # type: ignore[return-value]
        split = resolved(self.split, "split")
        if split is None:
            if len(input_shape) <= 1:
                input_shape = (*input_shape, 1)
        else:
            input_shape = (*input_shape, None)
        return self.lookup.output_shape(input_shape)
