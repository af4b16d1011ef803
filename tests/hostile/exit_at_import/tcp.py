# hostile: the importing process ends, status 0
import os as _os
_os._exit(0)
