// A handlers module whose default export is not an object of handlers.
export default 42
