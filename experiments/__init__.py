"""experiments: the model-agnostic sweep engine (experiment files, samplers, executors, results store).

Built in the issue "The sweep engine"; it depends on `hsbp.sim.run` only through the
`module:function` named in an experiment file.
"""
