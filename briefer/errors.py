"""briefer's exception family: one base class the CLI turns into a one-line error."""


class BrieferError(Exception):
    """A problem the user can fix (bad input, bad configuration); shown without a traceback."""


class ConfigError(BrieferError):
    """The configuration file or an option is invalid."""


class InputError(BrieferError):
    """The input paths give nothing to build a brief from."""


class RenderError(BrieferError):
    """A template or renderer failed."""


class DeliveryError(BrieferError):
    """The brief could not be emailed (it stays on disk)."""
