"""Scenarios: what an analyst changes, the one runner, comparison, appraisal and monitoring.

* :mod:`eipgeo.scenario.schema`: every key of a scenario file, validated, with YAML lines;
* :mod:`eipgeo.scenario.apply`: the scenario's park and its RECP change;
* :mod:`eipgeo.scenario.result`: :class:`~eipgeo.scenario.result.ScenarioRun`;
* :mod:`eipgeo.scenario.run`: :func:`~eipgeo.scenario.run.run_scenario`, the one runner;
* :mod:`eipgeo.scenario.setbacks`: setback rules and plot coverage (layout review);
* :mod:`eipgeo.scenario.compare`: side-by-side KPIs;
* :mod:`eipgeo.scenario.interventions`: feasibility cases of RECP measures, exchanges and
  shared facilities;
* :mod:`eipgeo.scenario.monitoring`: monitored results against the baseline and promises.
"""
