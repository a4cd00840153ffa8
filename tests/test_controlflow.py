"""Control flow paramlint cannot decide: a value is known only if every path gives it.

Each test states its verdict on a model: *exact* (every count a number, which must be the one
real Keras builds, checked here by running the snippet with Keras on the path it takes),
*symbolic* (counts are formulas in the names whose value depends on the path), or *uncertain*
(the structure itself may differ: no total). Never a number that holds for one path only.
"""

from __future__ import annotations

import math
import os
import textwrap
import warnings
from typing import Any

import pytest

from paramlint.analyzer.api import FileReport, analyze_code
from paramlint.analyzer.dims import Poly
from paramlint.analyzer.infer import ModelReport

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

HEAD = "import os\nimport keras\nfrom keras import layers\n"
FLAG = "PARAMLINT_TEST_FLAG"
UNKNOWN = f'os.environ.get("{FLAG}") == "1"'  # a condition paramlint cannot decide


def analyse(code: str) -> FileReport:
    return analyze_code(HEAD + textwrap.dedent(code))


def model(code: str, variable: str = "model") -> ModelReport:
    report = analyse(code)
    found = [m for m in report.models if m.variable == variable]
    assert len(found) == 1, [m.variable for m in report.models]
    return found[0]


def verdict(report: ModelReport) -> str:
    if not report.complete:
        return "uncertain"
    total = report.total()
    return "exact" if isinstance(total, int) else "symbolic"


def keras_total(code: str, variable: str = "model", flag: bool = False) -> int:
    """The model's parameter count as real Keras builds it, on the path ``flag`` selects."""
    keras.backend.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "snippet"}
    before = os.environ.pop(FLAG, None)
    if flag:
        os.environ[FLAG] = "1"
    try:
        with warnings.catch_warnings(), keras.StatelessScope(initialize_variables=False):
            warnings.simplefilter("ignore")
            exec(compile(HEAD + textwrap.dedent(code), "<snippet>", "exec"), namespace)
    finally:
        os.environ.pop(FLAG, None)
        if before is not None:
            os.environ[FLAG] = before
    return sum(math.prod(w.shape) for w in namespace[variable].weights)


def assert_exact(
    code: str, variable: str = "model", flags: tuple[bool, ...] = (False, True)
) -> ModelReport:
    """paramlint is exact, and equal to Keras on every path the snippet can take."""
    report = model(code, variable)
    assert verdict(report) == "exact", (report.uncertain, [r.problem for r in report.layers])
    for flag in flags:
        assert report.total() == keras_total(code, variable, flag)
    return report


def candidates(reason: str) -> set[str]:
    """``{"10", "20"}`` from "`units` is 10 or 20 depending on ..."."""
    return set(reason.split(" depending on ")[0].split(" is ", 1)[1].split(" or "))


def symbols(report: ModelReport) -> dict[str, str]:
    total = report.total()
    assert isinstance(total, Poly)
    return {symbol.name: symbol.reason for symbol in total.symbols()}


# -- if / elif / else ---------------------------------------------------------------------------


def test_a_value_bound_differently_on_two_branches_is_unknown_naming_the_condition() -> None:
    report = model(
        f"""
        if {UNKNOWN}:
            units = 10
        else:
            units = 20
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic"
    reason = symbols(report)["units"]
    assert candidates(reason) == {"10", "20"} and UNKNOWN in reason and "cannot decide" in reason
    (symbol,) = report.total().symbols()  # type: ignore[union-attr]
    assert symbol.position.line == 5  # the condition's line


def test_the_same_value_on_every_branch_is_known() -> None:
    assert_exact(
        f"""
        if {UNKNOWN}:
            units, note = 16, "big"
        else:
            units, note = 16, "small"
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )


def test_a_known_condition_takes_only_its_branch() -> None:
    assert_exact(
        """
        DEBUG = False
        if DEBUG:
            units = 10
        elif len("ab") == 2:
            units = 20
        else:
            units = 30
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )


def test_elif_chain_with_unknown_tests_joins_every_branch() -> None:
    report = model(
        f"""
        arch = os.environ.get("ARCH")
        if arch == "small":
            units = 8
        elif {UNKNOWN}:
            units = 16
        else:
            units = 8
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic" and candidates(symbols(report)["units"]) == {"8", "16"}


def test_a_name_bound_on_one_path_only_is_unknown() -> None:
    report = model(
        f"""
        units = 10
        if {UNKNOWN}:
            del units
            units = 20
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic"
    report = model(
        f"""
        if {UNKNOWN}:
            extra = 20
        model = keras.Sequential([keras.Input((4,)), layers.Dense(extra)])
        """
    )
    assert verdict(report) == "symbolic" and "not bound" in symbols(report)["extra"]


def test_the_channels_first_branch_gives_symbols_not_false_errors() -> None:
    code = """
        from keras import backend as K
        if K.image_data_format() == "channels_first":
            input_shape = (1, 28, 28)
        else:
            input_shape = (28, 28, 1)
        model = keras.Sequential([
            layers.Conv2D(32, (3, 3), activation="relu", input_shape=input_shape),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ])
        """
    report = model(code)
    assert all(row.problem_kind is None for row in report.layers)
    assert verdict(report) == "symbolic"
    found = symbols(report)
    assert set(found) == {"input_shape[0]", "input_shape[2]"}
    assert "1 or 28" in found["input_shape[0]"]
    # Keras's own path (channels_last) is one value of the symbols: the formula gives its count.
    substituted = report.total().substitute({"input_shape[0]": 28, "input_shape[2]": 1})  # type: ignore[union-attr]
    assert substituted == keras_total(code)


def test_a_conditional_expression_joins_both_sides() -> None:
    code = """
        from keras import backend as K
        channels_first = K.image_data_format() == "channels_first"
        input_shape = (3, 32, 32) if channels_first else (32, 32, 3)
        model = keras.Sequential([
            keras.Input(input_shape),
            layers.Conv2D(16, 3, data_format="channels_last"),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10 if channels_first else 10),
        ])
        """
    report = model(code)
    assert all(row.problem_kind is None for row in report.layers)
    found = symbols(report)  # the height is pooled away: only the channels count
    assert set(found) == {"input_shape[2]"} and candidates(found["input_shape[2]"]) == {"32", "3"}
    assert isinstance(report.layers[0].output_shape[1], Poly)  # type: ignore[index]
    substituted = report.total().substitute({"input_shape[2]": 3})  # type: ignore[union-attr]
    assert substituted == keras_total(code)


def test_a_model_changed_under_an_unknown_condition_stays_uncertain() -> None:
    report = model(
        f"""
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        if {UNKNOWN}:
            model.add(layers.Dense(4))
        """
    )
    assert verdict(report) == "uncertain"
    ((reason, _),) = report.uncertain
    assert UNKNOWN in reason


def test_models_built_on_either_branch_are_each_exact() -> None:
    code = f"""
        if {UNKNOWN}:
            model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        else:
            model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
        model.summary()
        """
    first, second = analyse(code).models
    assert verdict(first) == verdict(second) == "exact"
    assert {first.total(), second.total()} == {keras_total(code), keras_total(code, flag=True)}


def test_a_model_whose_variable_is_lost_in_a_join_is_uncertain_once_changed() -> None:
    code = f"""
        if {UNKNOWN}:
            model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        else:
            model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
        model.add(layers.Dense(1))
        """
    first, second = analyse(code).models
    assert verdict(first) == verdict(second) == "uncertain"
    assert "may change this model or another" in first.uncertain[0][0]


def test_a_model_made_and_completed_inside_one_branch_is_exact() -> None:
    code = f"""
        if {UNKNOWN}:
            model = keras.Sequential()
            model.add(keras.Input((4,)))
            model.add(layers.Dense(5))
        """
    report = model(code)
    assert verdict(report) == "exact" and report.total() == keras_total(code, flag=True)


# -- try / except / else / finally ----------------------------------------------------------------


def test_keras_imported_either_way_is_one_keras() -> None:
    assert_exact(
        """
        try:
            from tensorflow import keras as tfk
            from tensorflow.keras.layers import Dense
        except ImportError:
            import keras as tfk
            from keras.layers import Dense
        model = tfk.Sequential([tfk.Input((4,)), Dense(3)])
        """
    )


def test_a_fallback_to_none_leaves_the_value_the_code_can_use() -> None:
    code = f"""
        try:
            import tensorflow as tf
        except ImportError:
            tf = None
        model = None
        if {UNKNOWN}:
            model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        model.add(layers.Dense(2))  # fails where model is None: the model that exists has it
        """
    report = model(code)
    assert verdict(report) == "exact" and report.total() == keras_total(code, flag=True)


def test_names_bound_in_try_and_in_a_handler_join() -> None:
    report = model(
        """
        try:
            import cv2
            size = 64
        except ImportError:
            size = 32
        model = keras.Sequential([keras.Input((size,)), layers.Dense(2)])
        """
    )
    assert verdict(report) == "symbolic" and candidates(symbols(report)["size"]) == {"64", "32"}


def test_the_try_body_may_stop_at_any_statement() -> None:
    report = model(
        """
        units = 4
        try:
            units = 8
            config = open("config.json").read()
            units = 16
        except OSError:
            pass
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic"
    assert candidates(symbols(report)["units"]) == {"4", "8", "16"}


def test_finally_always_runs_and_else_runs_when_nothing_is_raised() -> None:
    assert_exact(
        """
        try:
            units = 10
        finally:
            units = 12
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    report = model(
        """
        try:
            data = open("x").read()
        except OSError:
            units = 3
        else:
            units = 5
        finally:
            bias = True
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units, use_bias=bias)])
        """
    )
    assert verdict(report) == "symbolic" and set(symbols(report)) == {"units"}


def test_a_layer_added_in_a_try_block_may_not_be_added() -> None:
    report = model(
        """
        model = keras.Sequential([keras.Input((4,))])
        try:
            model.add(layers.Dense(3))
        except ValueError:
            pass
        """
    )
    assert verdict(report) == "uncertain"


# -- loops ----------------------------------------------------------------------------------------


def test_a_loop_over_an_unknown_iterable_may_run_zero_or_more_times() -> None:
    report = model(
        """
        import sys
        units = 16
        for arg in sys.argv[1:]:
            units = 32
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic" and candidates(symbols(report)["units"]) == {"16", "32"}


def test_what_a_loop_body_never_changes_stays_known() -> None:
    assert_exact(
        """
        import sys
        units = 16
        for arg in sys.argv:
            print(arg, units)
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )


def test_a_value_carried_from_iteration_to_iteration_is_unknown() -> None:
    report = model(
        """
        import sys
        previous, units = 8, 8
        for arg in sys.argv:
            previous = units
            units = 64
        model = keras.Sequential([keras.Input((4,)), layers.Dense(previous)])
        """
    )
    assert verdict(report) == "symbolic" and "previous" in symbols(report)


def test_a_known_loop_is_unrolled_exactly() -> None:
    assert_exact(
        """
        model = keras.Sequential([keras.Input((4,))])
        for units in [64, 32, 16]:
            if units < 20:
                continue
            model.add(layers.Dense(units))
        else:
            model.add(layers.Dense(1))
        """
    )


def test_break_under_an_unknown_condition_joins_after_the_loop() -> None:
    report = model(
        f"""
        for units in [64, 32, 16]:
            if {UNKNOWN}:
                break
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic"
    assert candidates(symbols(report)["units"]) == {"64", "32", "16"}


def test_continue_under_an_unknown_condition_joins_at_the_next_iteration() -> None:
    report = model(
        f"""
        total = 0
        for units in [4, 8]:
            if {UNKNOWN}:
                continue
            total = total + units
        model = keras.Sequential([keras.Input((4,)), layers.Dense(total)])
        """
    )
    assert verdict(report) == "symbolic"


def test_a_loop_else_runs_only_when_no_break_left_the_loop() -> None:
    report = model(
        f"""
        units = 1
        for size in [8, 16]:
            if {UNKNOWN}:
                break
        else:
            units = 2
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic" and candidates(symbols(report)["units"]) == {"1", "2"}
    assert_exact(
        """
        units = 1
        for size in [8, 16]:
            if size > 10:
                break
        else:
            units = 2
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )


def test_while_loops() -> None:
    report = model(
        f"""
        width = 8
        while {UNKNOWN}:
            width = width * 2
        model = keras.Sequential([keras.Input((4,)), layers.Dense(width)])
        """
    )
    assert verdict(report) == "symbolic"
    assert_exact(
        """
        width, model = 64, keras.Sequential([keras.Input((4,))])
        while width > 8:
            model.add(layers.Dense(width))
            width = width // 2
        """
    )
    report = model(
        f"""
        width = 8
        while True:
            width = 16
            if {UNKNOWN}:
                break
        model = keras.Sequential([keras.Input((4,)), layers.Dense(width)])
        """
    )
    assert verdict(report) == "exact" and report.total() == keras_total(
        f"""
        width = 8
        while True:
            width = 16
            if {UNKNOWN}:
                break
            break
        model = keras.Sequential([keras.Input((4,)), layers.Dense(width)])
        """
    )


def test_layers_added_in_a_loop_that_may_run_any_number_of_times_are_uncertain() -> None:
    report = model(
        """
        import sys
        model = keras.Sequential([keras.Input((4,))])
        for _ in range(int(sys.argv[1])):
            model.add(layers.Dense(4))
        """
    )
    assert verdict(report) == "uncertain"


# -- functions ------------------------------------------------------------------------------------


def test_a_return_under_an_unknown_condition_joins_the_possible_results() -> None:
    report = model(
        f"""
        def hidden_units():
            if {UNKNOWN}:
                return 128
            return 64
        model = keras.Sequential([keras.Input((4,)), layers.Dense(hidden_units())])
        """
    )
    assert verdict(report) == "symbolic"
    assert_exact(
        f"""
        def hidden_units():
            if {UNKNOWN}:
                return 64
            return 64
        model = keras.Sequential([keras.Input((4,)), layers.Dense(hidden_units())])
        """
    )


def test_globals_a_function_binds_when_called_under_an_unknown_condition() -> None:
    code = """
        units = 16
        def configure():
            global units
            units = 64
        {call}
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    assert_exact(code.format(call="configure()"))
    report = model(code.format(call=f"if {UNKNOWN}:\n            configure()"))
    assert verdict(report) == "symbolic"
    assert candidates(symbols(report)["units"]) == {"16", "64"}


def test_a_function_called_under_a_condition_builds_an_exact_model() -> None:
    code = f"""
        def build(units):
            model = keras.Sequential()
            model.add(keras.Input((4,)))
            model.add(layers.Dense(units))
            return model
        if {UNKNOWN}:
            model = build(7)
        """
    report = model(code)
    assert verdict(report) == "exact" and report.total() == keras_total(code, flag=True)


def test_a_function_that_changes_a_model_under_a_condition_makes_it_uncertain() -> None:
    report = model(
        f"""
        def add_head(model):
            model.add(layers.Dense(1))
        model = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        if {UNKNOWN}:
            add_head(model)
        """
    )
    assert verdict(report) == "uncertain"


def test_match_cases_join() -> None:
    report = model(
        """
        match os.environ.get("SIZE"):
            case "big":
                units = 128
            case _:
                units = 8
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """
    )
    assert verdict(report) == "symbolic"


def test_a_raise_ends_its_path() -> None:
    assert_exact(
        f"""
        units = 32
        if {UNKNOWN}:
            units = 0
            raise SystemExit("no GPU")
        model = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
        """,
        flags=(False,),  # the other path never builds the model
    )


# -- the work budget ------------------------------------------------------------------------------


def test_data_preparation_too_long_to_follow_is_skipped_and_the_model_after_it_is_exact() -> None:
    code = """
        def make_data(n):
            rows = []
            for i in range(n):
                row = []
                for j in range(16):
                    row = row + [i * j]
                rows = rows + [row]
            return rows
        data = make_data(10000)
        model = keras.Sequential([keras.Input((16,)), layers.Dense(len(data[0]))])
        other = keras.Sequential([keras.Input((16,)), layers.Dense(4)])
        """
    report = analyse(code)
    first, second = report.models
    assert verdict(first) == "uncertain" or verdict(first) == "symbolic" or first.layers[0].problem
    assert verdict(second) == "exact" and second.total() == keras_total(code, "other")
    assert not [n for n in report.notes if n[0] == "unsupported"]


def test_a_simulation_loop_after_the_model_does_not_lose_it() -> None:
    code = """
        model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
        state, total_reward = [0.0] * 4, 0.0
        for episode in range(1000):
            for step in range(200):
                action = [model.name, step % 2]
                total_reward = total_reward + 1.0
        target = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
        """
    report = analyse(code)
    first, second = report.models
    assert verdict(first) == verdict(second) == "exact"
    assert first.total() == keras_total(code) and second.total() == keras_total(code, "target")


def test_a_loop_too_long_to_follow_that_adds_layers_makes_its_model_uncertain() -> None:
    code = """
        model = keras.Sequential([keras.Input((4,))])
        for a in range(10000):
            for b in range(10000):
                model.add(layers.Dense(4))
        other = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
        """
    report = analyse(code)
    first, second = report.models
    assert verdict(first) == "uncertain"
    assert any("too long to follow" in reason for reason, _ in first.uncertain)
    assert verdict(second) == "exact"


def test_a_layer_built_on_another_shape_on_each_branch_is_unknown_not_a_false_error() -> None:
    code = f"""
        small, large = keras.Input((5,)), keras.Input((7,))
        dense = layers.Dense(10)
        if {UNKNOWN}:
            model = keras.Model(small, dense(small))
        else:
            model = keras.Model(large, dense(large))
        other = keras.Model(large, dense(large))
        """
    report = analyse(code)
    rows = [row for found in report.models for row in found.layers if row.name == "dense"]
    assert len(rows) == 3 and not [row for row in rows if row.problem_kind == "keras-error"]
    # Keras builds `dense` on (None, 5) on one path, (None, 7) on the other: no count is known.
    assert all(row.params is None and row.problem for row in rows)


def test_a_layer_made_and_called_on_one_branch_only_keeps_its_numbers() -> None:
    code = f"""
        inputs = keras.Input((5,))
        if {UNKNOWN}:
            head = layers.Dense(10)
            model = keras.Model(inputs, head(inputs))
        """
    report = model(code)
    assert verdict(report) == "exact" and report.total() == keras_total(code, flag=True)


def test_joins_inside_loops_keep_each_candidate_once() -> None:
    """A name joined at every iteration (an RL loop: `while not done` inside `for episode`) used
    to double its candidates at each join: a real 880-line file never finished. Each value is
    said once, and past MAX_CANDIDATES one unknown stands for the rest."""
    report = analyze_code(
        textwrap.dedent(
            """
            import env
            import keras
            best = 1
            for episode in range(40):
                while not env.done():
                    if env.better():
                        best = episode + 1
            model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(best)])
            """
        )
    )
    (model,) = report.models
    (dense,) = model.layers
    assert isinstance(dense.params, Poly)  # 4·best: unknown, not the last episode's value
    (symbol,) = dense.params.symbols()
    assert "other values" in symbol.reason and len(symbol.reason) < 300
