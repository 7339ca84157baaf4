console.log('reindex: not yet implemented');
