//! Spreadsheet import (being written).
