"""Every public function documents itself: a docstring with an example, and
the examples run (doctest) and give what they show."""
import doctest

import numpy as np
import pytest

import resample


@pytest.mark.parametrize("name", resample.__all__)
def test_public_function_has_a_running_example(name):
    fn = getattr(resample, name)
    doc = fn.__doc__ or ""
    assert ">>>" in doc, f"{name}: the docstring has no example"
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(fn, name, globs={"np": np, "resample": resample}):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0, f"{name}: {result.failed} of {result.attempted} failed"
